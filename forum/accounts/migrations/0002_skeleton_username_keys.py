# Username keys become confusable skeletons (UTS #39) of the folded name, invisible characters left out,
# so look-alikes across scripts share one. Of existing accounts that now collide, the oldest keeps the key
# (as forum.0002 did); no account is renamed.

import unicodedata

from django.conf import settings
from django.db import migrations


def fold(username):
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def skeleton_key(username):
    import icu

    invisible = icu.UnicodeSet(r"[[:Default_Ignorable_Code_Point:][:White_Space:][:C:][\u2800]]")
    visible = "".join(character for character in fold(username) if not invisible.contains(character))
    return icu.SpoofChecker().getSkeleton(0, visible)[:600]


def rekey(apps, key_of) -> None:
    User = apps.get_model(settings.AUTH_USER_MODEL)
    UsernameKey = apps.get_model("accounts", "UsernameKey")
    UsernameKey.objects.all().delete()
    taken, rows = set(), []
    for user_id, username in User.objects.order_by("pk").values_list("pk", "username").iterator():
        key = key_of(username)
        if key not in taken:
            taken.add(key)
            rows.append(UsernameKey(user_id=user_id, key=key))
    UsernameKey.objects.bulk_create(rows, batch_size=1000)


def to_skeletons(apps, schema_editor) -> None:
    rekey(apps, skeleton_key)


def back_to_folded_names(apps, schema_editor) -> None:
    rekey(apps, fold)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("forum", "0003_username_key_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(to_skeletons, back_to_folded_names),
    ]
