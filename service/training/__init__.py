"""Training what the answerer loads (`newsdesk train`, `newsdesk train-reader`): the LightGBM answer
ranker (ranker.py), the span reader (reader.py, on the pair-model training loop in pairs.py) and the
second stage that combines them (second_stage.py); news-quiz rows (quiz.py) are an option. Reads the
evaluation package's loaders and metrics; nothing at answer time imports this package."""
