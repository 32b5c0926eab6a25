package dev.polystack.catalog;

import java.util.List;

public interface ProductRepository {
    List<Product> listAll(int limit);
}
