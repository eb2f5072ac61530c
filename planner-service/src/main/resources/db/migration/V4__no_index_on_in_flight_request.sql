-- Every claim sets in_flight_request_id; an index on it cost one more index insert per claimed row (measured at 10M
-- products x 3 regions) and only served giving leases back, which now finds its rows by key.
DROP INDEX sync_state_in_flight;
