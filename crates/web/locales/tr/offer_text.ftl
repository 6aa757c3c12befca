# An offer's own text shown in Dutch because it has no translation yet.
offer-text-in-dutch = Felemenkçe
