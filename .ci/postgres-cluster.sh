# A throwaway PostgreSQL cluster (sourced by .ci/run; usable by hand:
#   source .ci/postgres-cluster.sh; pg_cluster_start; export ENTENTE_TEST_POSTGRES_URL=$PG_CLUSTER_URL).
# Data in a temporary folder owned by `postgres` (initdb refuses root), fsync off (throwaway),
# trust authentication on 127.0.0.1 only, a superuser `entente` for the tests to create
# their roles and one database each.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_cluster_start() {
    PG_CLUSTER_DIR=$(mktemp -d /tmp/entente-pg.XXXXXX)
    chmod 755 "$PG_CLUSTER_DIR"
    local port=${PG_CLUSTER_PORT:-}
    if [ -z "$port" ]; then
        # A spare port: the first of a range that nothing listens on.
        for p in $(seq 54329 54399); do
            if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
        done
    fi
    local run=()
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_CLUSTER_DIR"; run=(runuser -u postgres --); fi
    "${run[@]}" "$PG_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U entente --auth=trust -E UTF8 --no-locale >/dev/null
    "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/log" -w start \
        -o "-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    PG_CLUSTER_URL="postgres://entente@127.0.0.1:$port/postgres?sslmode=disable"
    export PG_CLUSTER_DIR PG_CLUSTER_URL
}

pg_cluster_stop() {
    [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
    local run=()
    [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
}
