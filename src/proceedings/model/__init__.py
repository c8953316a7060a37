"""The model: a talk, the conference, names, a talk's citation, the related-talks rule. No Sphinx here."""
