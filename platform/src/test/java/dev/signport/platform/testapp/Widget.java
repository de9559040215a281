package dev.signport.platform.testapp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The test application's one entity: just enough state to exercise the platform mechanisms. */
@Entity
@Table(name = "widget")
public class Widget extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String name;
    public int quantity;
    public boolean locked;
    public Instant createdAt;
}
