"""The words every surface says, in one phrasebook."""
