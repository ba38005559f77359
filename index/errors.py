"""The one error every reader raises for input that cannot become an article."""


class LoadError(ValueError):
    """A file or record that cannot become an article; the message says which and why."""


class NoArticle(LoadError):
    """A readable input with no article in it (an index page, an empty wire item)."""
