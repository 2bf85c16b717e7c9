package dev.mailwright.store.integrity;

import javax.sql.DataSource;

import dev.mailwright.store.DatabaseProduct;

/** The two databases the store runs on; the check reads tables past their indexes differently on each. */
enum Dialect {
    H2, POSTGRESQL;

    static Dialect of(DataSource dataSource) {
        return DatabaseProduct.isPostgres(dataSource) ? POSTGRESQL : H2;
    }

    /** A physical row's identity, to address one of two rows that share a key. */
    String rowKey() {
        return this == H2 ? "_ROWID_" : "ctid::text";
    }

    /**
     * The row written first comes first (the one clients saw under that UID first). H2's row ids grow with every
     * insert. PostgreSQL's {@code ctid} is only a place: the free-space map may give a later row a place on an earlier
     * page (CI saw it), so the order is the age of the transaction that wrote the row, the place only breaking ties.
     */
    String rowKeyOrder() {
        return this == H2 ? "_ROWID_" : "age(xmin) DESC, ctid";
    }

    String rowKeyEquals() {
        return this == H2 ? "_ROWID_ = CAST(? AS BIGINT)" : "ctid = CAST(? AS tid)";
    }

    /** The table hint (H2) that makes a query read the table itself, not an index. */
    String tableScanHint() {
        return this == H2 ? " USE INDEX ()" : "";
    }
}
