"""Generated requests against /openapi.json (in-process ASGI): whatever a client sends, no 5xx answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from web.app import create_app


# Enough to explore every operation's parameters and bodies; few enough to keep this well under a minute.
EXAMPLES = 25


class _NotYet:
    """Stands in for the workspace until the fixture below has seeded one (the schema does not need it)."""


# The schema is read when the module is collected; schemathesis' fixture-based loader does not work with
# pytest 9, so the app is built here and given its seeded workspace by the fixture before any request.
APP = create_app(_NotYet())  # type: ignore[arg-type]
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def seeded_app(seeded_store) -> Iterator[None]:  # noqa: ANN001
    APP.state.ws = seeded_store
    yield
    APP.state.ws = _NotYet()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_generated_request_gets_a_server_error(case) -> None:  # noqa: ANN001
    case.call_and_validate(checks=[not_a_server_error])
