"""Plain types shared by every layer: ids, submissions, answers, the registry."""
