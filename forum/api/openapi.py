"""The API's OpenAPI 3.1 description, served at /api/openapi.json and checked by Schemathesis in the tests."""

from functools import cache

DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _json(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"description": "A hash of the body: send it back in If-None-Match.", "schema": {"type": "string"}},
            "Last-Modified": {"description": "When this answer first appeared.", "schema": {"type": "string"}},
            "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
        },
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
NOT_MODIFIED = {"description": "Not modified since the ETag or date the request names."}
PAGE_PARAMETER = {
    "name": "page",
    "in": "query",
    "required": False,
    "description": "The page, from 1.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
}

AFTER_PARAMETER = {
    "name": "after",
    "in": "query",
    "required": False,
    "description": "Continue past this reply (a more_url names it): the replies after it, within the page budget.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999},
}

COMMENT_FIELDS = {
    "id": {"type": "integer"},
    "parent": {"type": ["integer", "null"]},
    "author": {"type": ["string", "null"], "description": "null for a removed comment"},
    "author_url": {"type": ["string", "null"], "description": "the author's page, if they have an account"},
    "created": DATE_TIME,
    "edited": NULLABLE_DATE_TIME,
    "state": {"enum": ["visible", "hidden", "deleted"]},
    "body_html": {"type": "string", "description": "sanitised HTML, or the placeholder the page shows"},
    "url": {"type": "string"},
    "json_url": {"type": "string"},
}


def _object(properties: dict, **extra) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), **extra}


@cache
def openapi_document() -> dict:
    summary = {"slug": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}}
    schemas = {
        "Error": _object({"error": {"type": "string"}}),
        "Page": _object(
            {
                "number": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "next": {"type": ["string", "null"]},
                "previous": {"type": ["string", "null"]},
            }
        ),
        "ArticleSummary": _object(summary),
        "Article": _object(
            {
                **summary,
                "deck": {"type": "string"},
                "source_url": {"type": ["string", "null"]},
                "published": DATE_TIME,
                "comments_open": {"type": "boolean"},
                "json_url": {"type": "string"},
            }
        ),
        "Comment": _object(
            {
                **COMMENT_FIELDS,
                "replies": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
                "more_replies": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "replies left out here (deeper, or past the page budget): read them at more_url",
                },
                "more_url": {"type": ["string", "null"], "description": "where the replies left out continue"},
            }
        ),
        "UserComment": _object({**COMMENT_FIELDS, "article": {"$ref": "#/components/schemas/ArticleSummary"}}),
        "Discussion": _object(
            {
                "article": {"$ref": "#/components/schemas/Article"},
                "page": {"$ref": "#/components/schemas/Page"},
                "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
            }
        ),
        "Thread": _object(
            {
                "article": {"$ref": "#/components/schemas/ArticleSummary"},
                "comment": {"$ref": "#/components/schemas/Comment"},
            }
        ),
        "Person": _object(
            {
                "user": _object(
                    {
                        "username": {"type": "string"},
                        "url": {"type": "string"},
                        "joined": DATE_TIME,
                        "comment_count": {"type": "integer", "minimum": 0},
                        "suspended_until": NULLABLE_DATE_TIME,
                    }
                ),
                "page": {"$ref": "#/components/schemas/Page"},
                "comments": {"type": "array", "items": {"$ref": "#/components/schemas/UserComment"}},
            }
        ),
    }

    def operation(
        operation_id: str, summary_text: str, parameter: dict | None, schema: str, paged: bool, after: bool = False
    ) -> dict:
        parameters = [parameter] if parameter else []
        if paged:
            parameters.append(PAGE_PARAMETER)
        if after:
            parameters.append(AFTER_PARAMETER)
        responses = {
            "200": _json(schema, summary_text),
            "304": NOT_MODIFIED,
            "404": {"description": "Not found.", **ERROR},
        }
        if paged:
            responses["400"] = {"description": "A page parameter that is not a number from 1.", **ERROR}
        if after:
            responses["400"] = {"description": "An after parameter that is not a comment's id.", **ERROR}
        return {
            "get": {
                "operationId": operation_id,
                "summary": summary_text,
                "parameters": parameters,
                "responses": responses,
            }
        }

    def path_parameter(name: str, schema: dict) -> dict:
        return {"name": name, "in": "path", "required": True, "schema": schema}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Threads: read-only API",
            "version": "1",
            "description": (
                "Articles, their discussions and people, as any anonymous reader sees them on the pages. "
                "Poll with If-None-Match (the ETag) to get 304 when nothing changed. Any origin may read, "
                "without credentials."
            ),
        },
        "paths": {
            "/a/{slug}.json": operation(
                "article",
                "An article and one page of its discussion, as a tree",
                path_parameter("slug", {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 200}),
                "Discussion",
                paged=True,
            ),
            "/c/{id}.json": operation(
                "comment",
                "A comment and its replies",
                path_parameter("id", {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}),
                "Thread",
                paged=False,
                after=True,
            ),
            "/u/{username}.json": operation(
                "person",
                "A person and one page of their comments, newest first",
                path_parameter("username", {"type": "string", "pattern": "^[\\w.@+-]+$", "maxLength": 150}),
                "Person",
                paged=True,
            ),
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {"schemas": schemas},
    }
