"""The mandate catalog: frameworks and their articles, kept as data in the package."""

from faceaudit.mandates.catalog import Article, Catalog, Framework, load_catalog

__all__ = ["Article", "Catalog", "Framework", "load_catalog"]
