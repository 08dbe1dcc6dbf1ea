# UsernameKey now belongs to the accounts app (accounts.0001_initial); its table is kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0002_username_keys"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UsernameKey")],
            database_operations=[],
        ),
    ]
