package org.recon.api.common;

/**
 * The business document all systems share ({@code ORDER}, {@code PO}, {@code TRANSFER}, {@code RMA}, ...).
 *
 * @param type upper-cased document type
 * @param id   the document's id
 * @param line the line, as text; may be null
 */
public record DocumentRef(String type, String id, String line) {

    /** A type and a line number recur in every event of every document: one string each, not one per event held. */
    public DocumentRef {
        type = type == null ? null : type.intern();
        line = line == null ? null : line.intern();
    }

    public String key() {
        return type + "/" + id + (line == null ? "" : "/" + line);
    }
}
