package studio.brain.cloud;

import java.util.Map;
import java.util.Optional;
import studio.brain.config.HubConfig;

/**
 * The hub's two sources of cloud truth, chosen from the configuration: Firestore when a project is set (or the
 * Firestore emulator, when {@code FIRESTORE_EMULATOR_HOST} is set too), otherwise the bundled sample studio; Stripe
 * when a restricted key is set, the sample studio's payment records with the sample, and none otherwise — then
 * payment metrics are partial, never zero.
 */
public final class CloudSources implements AutoCloseable {
    private final DocumentSource documents;
    private final Optional<PaymentSource> payments;

    public CloudSources(DocumentSource documents, Optional<PaymentSource> payments) {
        this.documents = documents;
        this.payments = payments;
    }

    public static CloudSources from(HubConfig config) {
        HubConfig.CloudSettings cloud = config.cloud();
        Map<String, String> env = cloud.firestoreEmulatorHost()
                .map(host -> Map.of("FIRESTORE_EMULATOR_HOST", host)).orElse(Map.of());
        DocumentSource documents = config.firestoreProjectId()
                .<DocumentSource>map(project -> FirestoreDocumentSource.connect(project, cloud.readTimeout(), env))
                .orElseGet(() -> ExportFileDocumentSource.sampleStudio(config.dataDir()));
        Optional<PaymentSource> payments = config.stripeApiKey()
                .<PaymentSource>map(key -> new StripePaymentSource(key, cloud.stripeApiBase(), cloud.readTimeout(), 2))
                .or(() -> config.sampleStudio()
                        ? Optional.of(ExportFilePaymentSource.sampleStudio(config.dataDir()))
                        : Optional.empty());
        return new CloudSources(documents, payments);
    }

    public DocumentSource documents() {
        return documents;
    }

    public Optional<PaymentSource> payments() {
        return payments;
    }

    /**
     * The payment source, or — with no Stripe key configured — one whose every read is refused as AUTH with that
     * reason, so payment metrics come out partial and say why.
     */
    public PaymentSource paymentsOrRefusal() {
        return payments.orElseGet(() -> new PaymentSource() {
            @Override
            public String kind() {
                return "stripe";
            }

            @Override
            public boolean sampleData() {
                return false;
            }

            @Override
            public java.util.List<Map<String, Object>> list(PaymentObject object, java.time.Instant from,
                                                            java.time.Instant to) {
                throw new CloudReadException(CloudReadException.ErrorKind.AUTH,
                        "no Stripe key is configured (STUDIO_BRAIN_STRIPE_API_KEY)");
            }
        });
    }

    /** True when what is shown comes from the bundled sample studio, so every screen must say so. */
    public boolean sampleData() {
        return documents.sampleData();
    }

    @Override
    public void close() {
        if (documents instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a read-only client: nothing left to save
            }
        }
    }
}
