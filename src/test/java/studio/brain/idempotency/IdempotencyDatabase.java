package studio.brain.idempotency;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import studio.brain.store.Migrations;
import studio.brain.testing.TestPostgres;

/** A fresh, migrated database of the shared test PostgreSQL, with a pool per simulated hub instance. */
final class IdempotencyDatabase implements AutoCloseable {
    private final String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final HikariDataSource main;

    IdempotencyDatabase() {
        this.url = TestPostgres.newDatabaseUrl();
        this.main = openPool("idempotency-test");
        new Migrations(main).migrate();
    }

    DataSource dataSource() {
        return main;
    }

    HikariDataSource openPool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        config.setPoolName(name);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
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
        pools.forEach(HikariDataSource::close);
    }
}
