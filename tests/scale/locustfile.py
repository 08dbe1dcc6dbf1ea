"""The simulated readers of tests/scale/load.py: Locust users, configured through LOAD_* variables.

Most are anonymous readers; some sign in, read, reply and report. Every reply the forum
acknowledges (a redirect to the new comment) is written to LOAD_ACKS when the run ends, so
that load.py can check each one is stored exactly once.
"""

import itertools
import json
import os
import random
import re
import secrets

from locust import HttpUser, between, events, task

SLUG = os.environ.get("LOAD_SLUG", "")
COMMENTS = json.loads(os.environ.get("LOAD_COMMENTS", "[]"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
USERNAMES = json.loads(os.environ.get("LOAD_USERNAMES", "[]"))
_next_username = itertools.cycle(USERNAMES or [""])
acknowledged: list[str] = []


@events.test_stop.add_listener
def keep_acknowledged(**kwargs) -> None:
    with open(os.environ["LOAD_ACKS"], "w") as output:
        json.dump(acknowledged, output)


class AnonymousReader(HttpUser):
    weight = 7
    wait_time = between(0.5, 2)

    @task(5)
    def article(self) -> None:
        self.client.get(f"/a/{SLUG}/", name="anonymous: article")

    @task(2)
    def front_page(self) -> None:
        self.client.get("/", name="anonymous: front page")

    @task(2)
    def comment(self) -> None:
        self.client.get(f"/c/{random.choice(COMMENTS)}/", name="anonymous: comment")


class Member(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = next(_next_username)
        self.own: list[int] = []
        self.client.get("/accounts/login/", name="member: log-in form")
        credentials = {"username": self.username, "password": PASSWORD}
        with self.client.post(
            "/accounts/login/",
            {**credentials, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="member: log in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"log-in answered {answer.status_code}")

    @task(6)
    def article(self) -> None:
        self.client.get(f"/a/{SLUG}/", name="member: article")

    @task(2)
    def reply(self) -> None:
        parent = random.choice(self.own[-3:] or COMMENTS)
        body = f"{self.username} replies under load ({secrets.token_hex(6)})"
        with self.client.get(f"/c/{parent}/reply/", name="member: reply form", catch_response=True) as form:
            if form.status_code != 200:
                form.failure(f"reply form answered {form.status_code}")
                return
        with self.client.post(
            f"/c/{parent}/reply/",
            {"body": body, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="member: reply",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            found = re.search(r"#c(\d+)$", answer.headers.get("Location", ""))
            if answer.status_code == 302 and found:
                acknowledged.append(body)
                self.own.append(int(found.group(1)))
                answer.success()
            elif answer.status_code == 429:
                answer.success()  # the posting rate limit doing its job, not an error
            else:
                answer.failure(f"reply answered {answer.status_code}")

    @task(1)
    def report(self) -> None:
        comment = random.choice(COMMENTS)
        self.client.get(f"/c/{comment}/report/", name="member: report form")
        with self.client.post(
            f"/c/{comment}/report/",
            {"reason": "spam", "details": "", "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="member: report",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code == 302:
                answer.success()
            else:
                answer.failure(f"report answered {answer.status_code}")
