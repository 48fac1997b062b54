package org.recon.query.web;

import org.springframework.data.domain.Page;

import java.util.List;

/** A page of a list (DESIGN 5): {@code page} from 0. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> PageView<T> of(Page<T> page) {
        return new PageView<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
                page.getTotalPages());
    }
}
