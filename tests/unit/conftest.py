"""Unit tests never start the embedded model or call an endpoint: real model calls belong
in tests/integration. A test that reaches for one fails loudly instead of running slowly."""

import pytest


@pytest.fixture(autouse=True)
def _refuse_real_model_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimex.clients import embedded, openai_compatible

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("unit tests must not make real model requests (use tests/integration)")

    monkeypatch.setattr(embedded.EmbeddedServer, "start", refuse)
    monkeypatch.setattr(openai_compatible.OpenAICompatibleClient, "complete", refuse)
