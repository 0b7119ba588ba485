import io
import logging

import pytest


@pytest.fixture
def log_output():
    """What the configured console handler writes, with the configured JSON formatter."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
