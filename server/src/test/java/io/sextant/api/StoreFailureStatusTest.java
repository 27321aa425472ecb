package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.StorageFullException;
import io.sextant.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** A write the store could not make: 507 for a full disk, 503 otherwise, both JSON with Retry-After, as every 503 is. */
class StoreFailureStatusTest {

    private final ErrorHandling handling = new ErrorHandling();

    @Test
    void aFullDiskIs507WithRetryAfter() {
        var r = handling.storageFull(new StorageFullException("the data directory's disk is full (No space left on device); "
                + "nothing of this batch was stored; send it again once space is freed", null));
        assertThat(r.getStatusCode().value()).isEqualTo(507);
        assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(r.getBody().error()).startsWith("the data directory's disk is full");
    }

    @Test
    void anotherStoreFailureIs503WithRetryAfterNamingTheStore() {
        var r = handling.storeUnavailable(new StoreUnavailableException("the store is unavailable (writing to it failed); "
                + "nothing of this batch was stored; send it again later", new java.sql.SQLException("I/O error")));
        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(r.getBody().error()).contains("store is unavailable").doesNotContain("I/O error");
    }

    @Test
    void everyOther503AsksToRetryToo() {
        var r = handling.api(new ApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                "the service is shutting down; send the batch again later"));
        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(r.getBody().error()).isEqualTo("the service is shutting down; send the batch again later");
        assertThat(handling.api(ApiException.badRequest("x")).getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }
}
