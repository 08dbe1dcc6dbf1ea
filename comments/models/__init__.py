"""The comment tree, and what moderation keeps about it. Each model lives in the module named for it."""

from comments.models.appeal import Appeal, AppealRefused
from comments.models.article_visit import ArticleVisit
from comments.models.comment import Comment
from comments.models.comment_revision import CommentRevision
from comments.models.links import comment_url, is_moderator
from comments.models.moderation_log import ModerationAction
from comments.models.moderation_reason import ModerationReason
from comments.models.posting import PostingRefused, RateLimited, SubmissionKeyReused
from comments.models.report import Report, ReportedComment, with_open_report_count
from comments.models.suspension import Suspension, SuspensionLength, SuspensionRefused, account_refusal
from comments.models.vote import (
    Vote,
    VoteRefused,
    comment_vote_refusal,
    unvote,
    upvote,
    vote_refusal,
    vote_rule_for,
    voted_on,
    votes_of,
)

__all__ = [
    "Appeal",
    "AppealRefused",
    "ArticleVisit",
    "Comment",
    "CommentRevision",
    "ModerationAction",
    "ModerationReason",
    "PostingRefused",
    "RateLimited",
    "Report",
    "ReportedComment",
    "SubmissionKeyReused",
    "Suspension",
    "SuspensionLength",
    "SuspensionRefused",
    "Vote",
    "VoteRefused",
    "account_refusal",
    "comment_url",
    "comment_vote_refusal",
    "is_moderator",
    "unvote",
    "upvote",
    "vote_refusal",
    "vote_rule_for",
    "voted_on",
    "votes_of",
    "with_open_report_count",
]
