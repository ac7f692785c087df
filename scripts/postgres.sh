# Start and stop a throwaway PostgreSQL server for tests. Source this file, then call
# start_throwaway_postgres; it exports SAMVERKAN_TEST_POSTGRES_URL.

find_postgres_bin() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
        return
    fi
    echo "PostgreSQL is not installed: install Debian's 'postgresql' package (apt-get install postgresql) or set SAMVERKAN_TEST_POSTGRES_URL" >&2
    return 1
}

start_throwaway_postgres() {
    local bin port
    bin=$(find_postgres_bin)
    PG_TEST_DIR=$(mktemp -d /tmp/samverkan-pg.XXXXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # initdb refuses to run as root; run the server as the postgres system user then.
    PG_AS=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PG_TEST_DIR"
        PG_AS=(runuser -u postgres --)
    fi
    "${PG_AS[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
        || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
    "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w \
        -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
    PG_TEST_BIN=$bin
    export SAMVERKAN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "throwaway PostgreSQL on port $port" >&2
}

stop_throwaway_postgres() {
    if [ -n "${PG_TEST_DIR:-}" ]; then
        "${PG_AS[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$PG_TEST_DIR"
    fi
}
