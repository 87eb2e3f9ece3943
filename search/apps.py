from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from archive import changes
        from search.indexer import catch_up_with_archive

        changes.add_consumer(catch_up_with_archive)
