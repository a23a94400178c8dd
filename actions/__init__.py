"""Custom actions of the studiekeuze-assistent (rasa-sdk registers every module here)."""
