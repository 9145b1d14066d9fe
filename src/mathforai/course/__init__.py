"""The course: 30 Markdown lessons in content/, the pipeline that renders them
(markdown.py, directives.py), the Course model (model.py), the widget table (widgets.py),
the loader (`loader.load_course`, cached) and the content check (`check.run_check`).
"""
