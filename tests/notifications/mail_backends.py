"""Email backends that misbehave on purpose, for the worker's tests."""

import os
import time
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class HangingAfterSendBackend(BaseEmailBackend):
    """Delivers (a line in the file named by SENT_MAIL_LOG), then hangs: a worker killed now has sent the mail."""

    def send_messages(self, messages):
        with open(os.environ["SENT_MAIL_LOG"], "a") as log:
            for message in messages:
                log.write(f"{message.to[0]} {message.subject}\n")
        if os.environ.get("HANG_AFTER_SEND"):
            time.sleep(60)
        return len(messages)


__all__ = ["FailingBackend", "HangingAfterSendBackend", "LocmemBackend"]
