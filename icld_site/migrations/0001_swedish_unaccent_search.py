"""A PostgreSQL text-search configuration with Swedish stemming that also folds accents,
so "malmo" finds "Malmö" and "samarbete" finds "Samarbeten". Nothing to do on SQLite,
whose FTS5 tokenizer folds diacritics by default."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'swedish_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION swedish_unaccent (COPY = swedish);
        ALTER TEXT SEARCH CONFIGURATION swedish_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem;
    END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS swedish_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
