import django.contrib.postgres.search
from django.db import migrations

# On PostgreSQL the search matches the stored lexemes, GIN-indexed, instead of an index on
# an expression: a query that matches most partnerships then reads them instead of running
# to_tsvector() on every row. SQLite leaves the column empty.
FORWARD = """
UPDATE partners_partnership
SET search_vector = to_tsvector('swedish_unaccent'::regconfig, COALESCE(search_document, ''));
DROP INDEX IF EXISTS partners_partnership_search_gin;
CREATE INDEX IF NOT EXISTS partners_partnership_search_vector_gin ON partners_partnership
USING GIN (search_vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS partners_partnership_search_vector_gin;
CREATE INDEX IF NOT EXISTS partners_partnership_search_gin ON partners_partnership
USING GIN (to_tsvector('swedish_unaccent'::regconfig, COALESCE(search_document, '')));
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_public_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnership",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
