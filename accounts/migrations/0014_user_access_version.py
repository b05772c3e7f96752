"""`User.access_version`: a number PostgreSQL raises whenever a user's roles or two-factor
authenticators change, so that the cache may keep them (accounts.middleware) and a change still
takes effect on the next request, whatever code path made it (services, bulk updates, the admin,
raw SQL).

- Any insert, update or delete of a municipal membership, an organisation membership or an
  allauth authenticator raises the version of the user(s) it concerns.
- A save of an older copy of the user never lowers it (a request that loaded the user before a
  change and saves it afterwards would otherwise bring back the old number).

SQLite, the embedded development default, has no triggers: there nothing is kept.
"""

from django.db import migrations, models

CREATE = r"""
CREATE OR REPLACE FUNCTION accounts_raise_access_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE accounts_user SET access_version = access_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        UPDATE accounts_user SET access_version = access_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_membership_access_version
    AFTER INSERT OR UPDATE OR DELETE ON accounts_municipalitymembership
    FOR EACH ROW EXECUTE FUNCTION accounts_raise_access_version();
CREATE TRIGGER organizations_membership_access_version
    AFTER INSERT OR UPDATE OR DELETE ON organizations_organizationmembership
    FOR EACH ROW EXECUTE FUNCTION accounts_raise_access_version();
CREATE TRIGGER mfa_authenticator_access_version
    AFTER INSERT OR UPDATE OR DELETE ON mfa_authenticator
    FOR EACH ROW EXECUTE FUNCTION accounts_raise_access_version();

CREATE OR REPLACE FUNCTION accounts_user_keep_access_version() RETURNS trigger AS $$
BEGIN
    IF NEW.access_version < OLD.access_version THEN
        NEW.access_version := OLD.access_version;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_user_keep_access_version
    BEFORE UPDATE ON accounts_user
    FOR EACH ROW EXECUTE FUNCTION accounts_user_keep_access_version();
"""

DROP = r"""
DROP TRIGGER IF EXISTS accounts_user_keep_access_version ON accounts_user;
DROP FUNCTION IF EXISTS accounts_user_keep_access_version();
DROP TRIGGER IF EXISTS mfa_authenticator_access_version ON mfa_authenticator;
DROP TRIGGER IF EXISTS organizations_membership_access_version
    ON organizations_organizationmembership;
DROP TRIGGER IF EXISTS accounts_membership_access_version ON accounts_municipalitymembership;
DROP FUNCTION IF EXISTS accounts_raise_access_version();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_municipality_branding"),
        ("organizations", "0018_search_per_text_language"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="access_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(create, drop),
    ]
