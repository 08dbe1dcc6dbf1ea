"""What the comments layer does when an article changes: the article cannot know about comments,
so it sends signals (forum.articles.signals, Django's model signals) and these receivers act."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.discussion_version import discussion_changed
from comments.models import ModerationAction
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
