-- 008: a login session's expiry also on the machine's boot clock (CLOCK_BOOTTIME), which setting
-- the wall clock forward or back does not move. While the machine has not rebooted (same boot_id)
-- the boot clock decides; after a reboot, or when the boot id is unknown (NULL), expires_at does.
ALTER TABLE auth_sessions ADD COLUMN boot_id TEXT;          -- /proc/sys/kernel/random/boot_id when it was made
ALTER TABLE auth_sessions ADD COLUMN expires_boot INTEGER;  -- CLOCK_BOOTTIME seconds at expiry, on that boot
