package studio.brain.assist.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataCheckTest {
    @Test
    void emailAddressesAreFound() {
        assertThat(PersonalDataCheck.findings("Write to ana.potter+kiln@studio-mail.co.uk today"))
                .containsExactly("e-mail address at character 10");
    }

    @Test
    void phoneNumbersAreFound() {
        assertThat(PersonalDataCheck.findings("Call +1 (555) 123-4567 now")).containsExactly("phone number at character 6");
        assertThat(PersonalDataCheck.findings("Call 555-123-4567")).hasSize(1);
        assertThat(PersonalDataCheck.findings("tel 030 1234567")).hasSize(1);
        assertThat(PersonalDataCheck.findings("Ring 0171.555.1234 please")).hasSize(1);
    }

    @Test
    void memberAndUserIdsAreFound() {
        assertThat(PersonalDataCheck.findings("Thanks member-017!")).containsExactly("member or user id at character 8");
        assertThat(PersonalDataCheck.findings("by uid-a81f")).hasSize(1);
        assertThat(PersonalDataCheck.findings("user_42 booked")).hasSize(1);
        assertThat(PersonalDataCheck.findings("owner Xk3p9QmT2vLw8RzA1bYc7dEf05 booked"))
                .containsExactly("user id (uid-like token) at character 7");
    }

    @Test
    void ordinaryCopyDatesAndCountsPass() {
        assertThat(PersonalDataCheck.findings("""
                This week at the studio — 2026-11-30
                12 batches in progress, 30 finished, 4 firings, 14 reservations.
                Next open studio 2026-12-05T18:00:00Z, 2 to 5 pm. Membership is open to everyone!
                Our user community keeps growing; a member of staff will help.
                """)).isEmpty();
        assertThat(PersonalDataCheck.findings("")).isEmpty();
        assertThat(PersonalDataCheck.findings(null)).isEmpty();
    }
}
