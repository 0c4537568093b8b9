package studio.brain.idempotency;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import studio.brain.testing.TestDatabase;

/** A fresh, migrated database of the shared test PostgreSQL, with a pool per simulated hub instance. */
final class IdempotencyDatabase implements AutoCloseable {
    private final TestDatabase db = new TestDatabase();
    private final HikariDataSource main = db.hub;

    DataSource dataSource() {
        return main;
    }

    /** The owner's pool, for what only a superuser may do (ending another session, as a crash would). */
    DataSource ownerDataSource() {
        return db.owner;
    }

    HikariDataSource openPool(String applicationName) {
        return db.openHubPool(applicationName);
    }

    /** The stored keys of a scope, as they are in the table. */
    List<String> storedKeys(String scope) throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("select key from idempotency_keys where scope = ? order by key")) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
                return keys;
            }
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
