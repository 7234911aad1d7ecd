from tests.services import postgres_url

__all__ = ["postgres_url"]
