"""Alembic migrations of the fact store (run with `factdesk db upgrade`)."""

__all__: list[str] = []
