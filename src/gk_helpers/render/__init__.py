"""Rendering: official tables, report sections, reviewer panel, nbconvert export, text view."""
