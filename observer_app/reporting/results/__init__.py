"""The results section of the summary (quick count, official results, quarantine) and its
words, with their own gettext domain "results"."""
