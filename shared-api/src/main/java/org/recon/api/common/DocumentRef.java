package org.recon.api.common;

/**
 * The business document all systems share ({@code ORDER}, {@code PO}, {@code TRANSFER}, {@code RMA}, ...).
 *
 * @param type upper-cased document type
 * @param id   the document's id
 * @param line the line, as text; may be null
 */
public record DocumentRef(String type, String id, String line) {

    public String key() {
        return type + "/" + id + (line == null ? "" : "/" + line);
    }
}
