"""The printed summary (PDF), a submission printed for signature, and CSV/XLSX exports."""
