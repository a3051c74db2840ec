"""Track cards: the text card, the PDF index card, A6 and the wristband."""
