from django.db import migrations


def create(apps, schema_editor):
    from forum.search.index_sql import create_index

    create_index(schema_editor.connection)


def drop(apps, schema_editor):
    from forum.search.index_sql import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    # The SQL lives in forum/search/index_sql.py, shared with the repair that runs after every migrate.
    dependencies = [
        ("comments", "0003_comment_markup"),
        ("forum", "0003_username_key_to_accounts"),
    ]

    operations = [migrations.RunPython(create, drop)]
