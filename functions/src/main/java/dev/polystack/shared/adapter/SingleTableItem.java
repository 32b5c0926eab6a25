package dev.polystack.shared.adapter;

/**
 * What every item of the single table has: its key and its kind. Each context's item is a record
 * implementing this, mapped by an {@link ItemSchema} defined next to the adapter that writes it.
 */
public interface SingleTableItem {
    String pk();

    String sk();

    /** The {@code type} attribute: a constant per kind of item, so a mixed item collection can be mapped item by item. */
    String type();
}
