"""Curated knowledge base of the studiekeuze-assistent.

Data files in `knowledge/data/` are validated and loaded into SQL by
`knowledge.loader`; actions and the web app read it through `knowledge.api`.
This package never imports Rasa.
"""
