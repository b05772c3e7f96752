"""PostgreSQL guards (no percent signs below: the SQL passes through a DB-API cursor) that hold even if application code is wrong:

- the access log is append-only: a trigger refuses UPDATE and DELETE on every row;
- a referral needs a valid consent of the same person that covers its organisation: a trigger
  checks every insert and every change of the organisation or the consent.

SQLite, the embedded development default, relies on the services alone.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION referrals_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the access log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER referrals_access_log_append_only
    BEFORE UPDATE OR DELETE ON referrals_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION referrals_access_log_append_only();

CREATE OR REPLACE FUNCTION referrals_referral_needs_consent() RETURNS trigger AS $$
DECLARE
    c record;
    today date := (now() AT TIME ZONE 'Europe/Oslo')::date;
BEGIN
    SELECT * INTO c FROM referrals_consent WHERE id = NEW.consent_id;
    IF NOT FOUND OR c.person_id <> NEW.person_id THEN
        RAISE EXCEPTION 'a referral needs the consent of the person it is about'
            USING ERRCODE = 'check_violation';
    END IF;
    IF c.withdrawn_at IS NOT NULL OR today < c.valid_from OR today > c.valid_until THEN
        RAISE EXCEPTION 'the consent of this referral is not valid'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT c.municipality_chooses AND (
        (NEW.organization_id IS NULL AND NOT EXISTS (
            SELECT 1 FROM referrals_consent_organizations WHERE consent_id = c.id))
        OR (NEW.organization_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM referrals_consent_organizations
            WHERE consent_id = c.id AND organization_id = NEW.organization_id))
    ) THEN
        RAISE EXCEPTION 'the consent does not cover the organisation of this referral'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER referrals_referral_needs_consent
    BEFORE INSERT OR UPDATE OF organization_id, consent_id, person_id ON referrals_referral
    FOR EACH ROW EXECUTE FUNCTION referrals_referral_needs_consent();
"""

DROP = r"""
DROP TRIGGER IF EXISTS referrals_referral_needs_consent ON referrals_referral;
DROP FUNCTION IF EXISTS referrals_referral_needs_consent();
DROP TRIGGER IF EXISTS referrals_access_log_append_only ON referrals_accesslogentry;
DROP FUNCTION IF EXISTS referrals_access_log_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
