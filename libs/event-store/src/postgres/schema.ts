import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const APPENDED_CHANNEL = 'event_store_appended';

export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  owner: 'event-store',
  migrations: [
    sqlMigration('EventStoreEvents1700000000100', {
      up: `
      CREATE SCHEMA IF NOT EXISTS event_store;
      CREATE TABLE event_store.streams (
        stream_name text PRIMARY KEY,
        version bigint NOT NULL
      );
      CREATE TABLE event_store.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name text NOT NULL,
        stream_version bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_name, stream_version)
      );
      CREATE INDEX events_global_order ON event_store.events (transaction_id, global_position);
      CREATE FUNCTION event_store.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'event_store.events is append-only'; END $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
        FOR EACH ROW EXECUTE FUNCTION event_store.reject_change();
    `,
    }),
    sqlMigration('EventStoreCommitOrderedAppends1700000000101', {
      up: `
      -- Readers follow global_position alone. Every append takes one lock, held until its commit, before it
      -- draws positions: positions are handed out in commit order, so a reader that sees position p has
      -- seen, or will never see, everything below p (no gaps, no server-wide snapshot wait). The lock is held
      -- for one statement: appends are grouped (many streams per call, each addressed by offset and count, so a batch costs linear
      -- time), never part of a longer transaction.
      DROP INDEX event_store.events_global_order;
      CREATE FUNCTION event_store.append_batch(
        p_streams text[], p_expected text[], p_first int[], p_count int[],
        e_ids uuid[], e_types text[], e_data jsonb[], e_metadata jsonb[], p_lock_timeout_ms int
      ) RETURNS TABLE (append_index int, outcome text, version bigint, detail text)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        current bigint;
        expected text;
        stream text;
        first int;
        last int;
        ids uuid[];
        here int;
        total int;
        elsewhere text;
      BEGIN
        -- A writer stuck behind the lock fails (retryably) after a bounded wait instead of queueing for ever.
        PERFORM set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
        -- A plan cached while the tables were nearly empty (a seq scan) must not outlive them: plan each call.
        PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
        PERFORM pg_advisory_xact_lock(hashtextextended('event_store.append', 0));
        FOR i IN 1 .. coalesce(cardinality(p_streams), 0) LOOP
          append_index := i;
          detail := NULL;
          stream := p_streams[i];
          first := p_first[i];
          last := first + p_count[i] - 1;
          SELECT s.version INTO current FROM event_store.streams s WHERE s.stream_name = stream;
          ids := coalesce(e_ids[first:last], '{}');
          SELECT count(*) FILTER (WHERE ev.stream_name = stream), count(*),
                 coalesce(string_agg(ev.event_id::text, ',') FILTER (WHERE ev.stream_name <> stream), string_agg(ev.event_id::text, ','))
            INTO here, total, elsewhere FROM event_store.events ev WHERE ev.event_id = ANY (ids);
          IF total > 0 THEN
            outcome := CASE WHEN here = cardinality(ids) AND total = here THEN 'retried' ELSE 'duplicate' END;
            version := coalesce(current, -1);
            detail := CASE WHEN outcome = 'duplicate' THEN elsewhere END;
            RETURN NEXT;
            CONTINUE;
          END IF;
          expected := p_expected[i];
          IF NOT (expected = 'any' OR (expected = 'no_stream' AND current IS NULL) OR (expected = 'stream_exists' AND current IS NOT NULL)
                  OR (expected ~ '^[0-9]+$' AND current IS NOT DISTINCT FROM expected::bigint)) THEN
            outcome := 'conflict';
            version := current;
            RETURN NEXT;
            CONTINUE;
          END IF;
          IF p_count[i] > 0 THEN
            INSERT INTO event_store.events (stream_name, stream_version, event_id, event_type, data, metadata)
              SELECT stream, coalesce(current, -1) + e.n, e.id, e.type, e.data, e.metadata
              FROM unnest(e_ids[first:last], e_types[first:last], e_data[first:last], e_metadata[first:last]) WITH ORDINALITY AS e(id, type, data, metadata, n)
              ORDER BY e.n;
            current := coalesce(current, -1) + p_count[i];
            INSERT INTO event_store.streams (stream_name, version) VALUES (stream, current)
              ON CONFLICT (stream_name) DO UPDATE SET version = EXCLUDED.version;
          END IF;
          outcome := 'appended';
          version := coalesce(current, -1);
          RETURN NEXT;
        END LOOP;
        PERFORM pg_notify('${APPENDED_CHANNEL}', '');
      END $fn$;
    `,
    }),
    sqlMigration('EventStoreSetBasedAtomicAppends1700000000102', {
      up: `
      -- The same contract as 002, decided in memory and written set-based: two lookups and two inserts per call
      -- whatever the number of streams (002 ran four statements per stream). p_atomic: the streams of one call are
      -- written all or none (a unit of work's batch); the first failing append raises RL409 (DETAIL: its 1-based
      -- index; HINT: the stream's version, or the ids stored elsewhere) and the statement rolls back.
      DROP FUNCTION event_store.append_batch(text[], text[], int[], int[], uuid[], text[], jsonb[], jsonb[], int);
      CREATE FUNCTION event_store.append_batch(
        p_streams text[], p_expected text[], p_first int[], p_count int[],
        e_ids uuid[], e_types text[], e_data jsonb[], e_metadata jsonb[], p_lock_timeout_ms int, p_atomic boolean
      ) RETURNS TABLE (append_index int, outcome text, version bigint, detail text)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        versions jsonb;
        stored jsonb;
        current bigint;
        expected text;
        stream text;
        first int;
        last int;
        here int;
        found text[];
        elsewhere text[];
        new_streams text[] := '{}';
        new_versions bigint[] := '{}';
        new_events int[] := '{}';
        repeated text[];
      BEGIN
        PERFORM set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
        PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
        PERFORM pg_advisory_xact_lock(hashtextextended('event_store.append', 0));
        -- Stream versions and already stored ids, as this call goes on: what earlier appends of the call wrote counts.
        SELECT coalesce(jsonb_object_agg(s.stream_name, s.version), '{}') INTO versions FROM event_store.streams s WHERE s.stream_name = ANY (p_streams);
        SELECT coalesce(jsonb_object_agg(ev.event_id::text, ev.stream_name), '{}') INTO stored FROM event_store.events ev WHERE ev.event_id = ANY (e_ids);
        -- Ids sent twice in one call (a retry racing its original): only those need tracking as the call appends.
        SELECT coalesce(array_agg(id), '{}') INTO repeated FROM (SELECT id::text FROM unnest(e_ids) AS id GROUP BY id HAVING count(*) > 1) twice;
        FOR i IN 1 .. coalesce(cardinality(p_streams), 0) LOOP
          append_index := i;
          detail := NULL;
          stream := p_streams[i];
          first := p_first[i];
          last := first + p_count[i] - 1;
          current := (versions ->> stream)::bigint;
          here := 0;
          found := '{}';
          elsewhere := '{}';
          -- Usually nothing of the call is stored yet: then there is nothing to look up, event by event.
          FOR j IN first .. CASE WHEN stored = '{}'::jsonb THEN first - 1 ELSE last END LOOP
            IF stored ? e_ids[j]::text THEN
              found := found || e_ids[j]::text;
              IF stored ->> e_ids[j]::text = stream THEN here := here + 1; ELSE elsewhere := elsewhere || e_ids[j]::text; END IF;
            END IF;
          END LOOP;
          IF cardinality(found) > 0 THEN
            outcome := CASE WHEN here = p_count[i] AND cardinality(elsewhere) = 0 THEN 'retried' ELSE 'duplicate' END;
            version := coalesce(current, -1);
            detail := CASE WHEN outcome = 'duplicate' THEN array_to_string(CASE WHEN cardinality(elsewhere) > 0 THEN elsewhere ELSE found END, ',') END;
            IF p_atomic AND outcome = 'duplicate' THEN
              RAISE EXCEPTION 'duplicate event ids' USING ERRCODE = 'RL409', DETAIL = i::text, HINT = detail;
            END IF;
            RETURN NEXT;
            CONTINUE;
          END IF;
          expected := p_expected[i];
          IF NOT (expected = 'any' OR (expected = 'no_stream' AND current IS NULL) OR (expected = 'stream_exists' AND current IS NOT NULL)
                  OR (expected ~ '^[0-9]+$' AND current IS NOT DISTINCT FROM expected::bigint)) THEN
            outcome := 'conflict';
            version := current;
            IF p_atomic THEN
              RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'RL409', DETAIL = i::text, HINT = coalesce(current::text, 'no_stream');
            END IF;
            RETURN NEXT;
            CONTINUE;
          END IF;
          new_events := new_events || ARRAY(SELECT generate_series(first, last));
          new_streams := new_streams || array_fill(stream, ARRAY[p_count[i]]);
          new_versions := new_versions || ARRAY(SELECT generate_series(coalesce(current, -1) + 1, coalesce(current, -1) + p_count[i]));
          FOR j IN first .. CASE WHEN cardinality(repeated) = 0 THEN first - 1 ELSE last END LOOP
            IF e_ids[j]::text = ANY (repeated) THEN stored := stored || jsonb_build_object(e_ids[j]::text, stream); END IF;
          END LOOP;
          IF p_count[i] > 0 THEN
            current := coalesce(current, -1) + p_count[i];
            versions := versions || jsonb_build_object(stream, current);
          END IF;
          outcome := 'appended';
          version := coalesce(current, -1);
          RETURN NEXT;
        END LOOP;
        IF cardinality(new_events) > 0 THEN
          -- In call order, so global positions follow it.
          INSERT INTO event_store.events (stream_name, stream_version, event_id, event_type, data, metadata)
            SELECT x.stream, x.version, e_ids[x.idx], e_types[x.idx], e_data[x.idx], e_metadata[x.idx]
            FROM unnest(new_streams, new_versions, new_events) WITH ORDINALITY AS x(stream, version, idx, n)
            ORDER BY x.n;
          INSERT INTO event_store.streams (stream_name, version)
            SELECT v.key, v.value::bigint FROM jsonb_each_text(versions) v WHERE v.key = ANY (new_streams)
            ON CONFLICT (stream_name) DO UPDATE SET version = EXCLUDED.version;
        END IF;
        PERFORM pg_notify('${APPENDED_CHANNEL}', '');
      END $fn$;
    `,
    }),
  ],
};
