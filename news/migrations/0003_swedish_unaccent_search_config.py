"""The PostgreSQL text-search configuration named in WAGTAILSEARCH_BACKENDS (SEARCH_CONFIG):
Swedish stemming that also ignores accents, so "malmo" finds "Malmö". Saving a news article
indexes it with this configuration. Idempotent, so another app may create it as well."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'swedish_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION swedish_unaccent (COPY = swedish);
        ALTER TEXT SEARCH CONFIGURATION swedish_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem;
    END IF;
END
$$;
"""


def create_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editors_group")]

    operations = [migrations.RunPython(create_search_config, migrations.RunPython.noop)]
