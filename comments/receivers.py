"""What the comments layer does when an article or an account changes: they cannot know about
comments, so they send signals (forum.articles.signals, Django's model signals) and these receivers act."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape

from comments.discussion_version import discussion_changed
from comments.models import Comment, ModerationAction
from forum.articles.signals import comments_closed, comments_reopened


@receiver(post_save, sender="forum.Article", dispatch_uid="comments.receivers.article_saved")
@receiver(post_delete, sender="forum.Article", dispatch_uid="comments.receivers.article_deleted")
def article_changed(sender, instance, **kwargs) -> None:
    # A cached article page holds the article too: an edit, an unpublishing or a deletion shows at once.
    discussion_changed(instance.pk)


@receiver(comments_closed, dispatch_uid="comments.receivers.comments_closed")
@receiver(comments_reopened, dispatch_uid="comments.receivers.comments_reopened")
def comments_opened_or_closed(sender, article, by, reason: str, signal, **kwargs) -> None:
    kind = ModerationAction.Kind.CLOSE_COMMENTS if signal is comments_closed else ModerationAction.Kind.REOPEN_COMMENTS
    ModerationAction.about_article(article, by=by, action=kind, reason=reason).save()
    discussion_changed(article.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="comments.receivers.author_saved")
def author_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    # A comment's stored piece shows its author's name: a renamed account's pieces are rendered again when read.
    if created or (update_fields is not None and instance.USERNAME_FIELD not in update_fields):
        return
    shown = f'<span class="author">{escape(instance.get_username())}</span>'
    Comment.objects.filter(author=instance, author_name="").exclude(piece_html__contains=shown).mark_pieces_stale()


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="comments.receivers.author_deleted")
def author_deleted(sender, instance, **kwargs) -> None:
    # Their comments stay, by "anonymous" (the author link is set to NULL): their pieces are rendered again.
    Comment.objects.filter(author=instance).mark_pieces_stale()
