from django.db import migrations, models


def normalise_stored_text(apps, schema_editor):
    """Existing comments get what new ones get at save: no bidi override, no tower of combining
    marks, in the body and the author's name, and the body rendered again (as plain text)."""
    from comments.rendering import render_body
    from comments.validation import normalise_name, normalise_text

    Comment = apps.get_model("comments", "Comment")
    for comment in Comment.objects.only("pk", "body", "author_name", "markup").iterator(chunk_size=2000):
        body, name = normalise_text(comment.body), normalise_name(comment.author_name)
        if (body, name) != (comment.body, comment.author_name):
            Comment.objects.filter(pk=comment.pk).update(
                body=body, author_name=name, body_html=render_body(body, comment.markup)
            )


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0002_moderation_permission_and_report_queue"),
    ]

    operations = [
        # Every comment written so far is plain text; from here on the forms write Markdown.
        migrations.AddField(
            model_name="comment",
            name="markup",
            field=models.CharField(
                choices=[("plain", "plain text"), ("markdown", "Markdown")], default="plain", max_length=10
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="markup",
            field=models.CharField(
                choices=[("plain", "plain text"), ("markdown", "Markdown")], default="markdown", max_length=10
            ),
        ),
        migrations.RunPython(normalise_stored_text, migrations.RunPython.noop, elidable=True),
    ]
