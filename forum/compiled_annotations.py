"""Annotations a busy query carries, compiled to SQL once per process and database.

Building and compiling a correlated subquery (a count of an article's comments, a reader's visit to it)
costs Django about half a millisecond, more than running it; a page that carries several pays that on
every request. A CompiledAnnotations compiles the expressions the models state once per database alias,
with stand-in values where each use has its own (a reader, the time), and each use carries that SQL with
its own values put in. The expressions stay the models' own: only how they are carried changes.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

# Values no row and no clock will have, so each can only be a stand-in where it appears in the SQL.
STAND_IN_ID = -9_007_199_254_740_991
STAND_IN_TIME = datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)


class CompiledAnnotations:
    """The annotations `build(*stand_ins)` returns (name: expression) on queries of `model`, compiled once
    per database alias; `annotate` puts its own values where the stand-ins were (ids and aware datetimes:
    STAND_IN_ID, STAND_IN_TIME)."""

    def __init__(self, model: type[Model], build: Callable[..., dict], *stand_ins) -> None:
        self.model, self.build, self.stand_ins = model, build, stand_ins
        self._by_alias: dict[str, dict[str, tuple[str, tuple, object]]] = {}

    def annotate(self, queryset: QuerySet, *values) -> QuerySet:
        """`queryset` annotated as `build(*values)` would annotate it."""
        alias = queryset.db
        connection = connections[alias]
        replace = {
            _adapted(connection, stand_in): _adapted(connection, value)
            for stand_in, value in zip(self.stand_ins, values, strict=True)
        }
        return queryset.annotate(
            **{
                # The SQL is the ORM's own (_compiled); only the values, as parameters, are this use's.
                name: RawSQL(sql, [replace.get(param, param) for param in params], output_field=field)  # noqa: S611
                for name, (sql, params, field) in self._compiled(alias).items()
            }
        )

    def _compiled(self, alias: str) -> dict[str, tuple[str, tuple, object]]:
        compiled = self._by_alias.get(alias)
        if compiled is None:
            expressions = self.build(*self.stand_ins)
            query = self.model._default_manager.annotate(**expressions).query
            compiler = query.get_compiler(alias)
            compiled = {}
            for name in expressions:
                expression = query.annotations[name]
                sql, params = compiler.compile(expression)
                compiled[name] = (sql, tuple(params), expression.output_field)
            self._by_alias[alias] = compiled
        return compiled


def _adapted(connection, value):
    """A value as the database driver is handed it (a time is a string on SQLite)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
