"""The preset reasons a new forum starts with; admins edit them afterwards (a migration runs once,
so a reason an admin retired or reworded is never put back)."""

from django.db import migrations

DEFAULT_REASONS = ("off-topic", "incivility", "spam", "hate", "personal information")


def seed(apps, schema_editor):
    ModerationReason = apps.get_model("comments", "ModerationReason")
    db = schema_editor.connection.alias
    for position, text in enumerate(DEFAULT_REASONS, start=1):
        ModerationReason.objects.using(db).get_or_create(text=text, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("comments", "0007_reply_locks_and_preset_reasons")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
