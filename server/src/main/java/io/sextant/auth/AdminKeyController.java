package io.sextant.auth;

import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import io.sextant.store.ApiKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API for keys: permission {@code admin.apikeys} on resource {@code *}. */
@RestController
@RequestMapping("/v1/admin/api-keys")
@Tag(name = "API keys", description = "Create, list and revoke API keys (permission admin.apikeys on resource *)")
class AdminKeyController {

    private final ApiKeyService keys;

    AdminKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @Schema(name = "ApiKeyRequest", requiredProperties = {"name", "permissions", "resources"})
    record CreateRequest(@Schema(minLength = 1, maxLength = 200) String name, List<String> permissions, List<String> resources) {}

    @Schema(name = "ApiKey", requiredProperties = {"id", "name", "permissions", "resources", "createdAt"})
    record KeyView(String id, String name, List<String> permissions, List<String> resources,
            @Schema(format = "date-time") String createdAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.name(), k.permissions(), k.resources(), Instants.format(k.createdAt()));
        }
    }

    @Schema(name = "CreatedApiKey", requiredProperties = {"id", "apiKey", "name", "permissions", "resources", "createdAt"})
    record CreatedView(String id, @Schema(description = "The secret key (CCSB-...), shown only in this answer") String apiKey,
            String name, List<String> permissions, List<String> resources, @Schema(format = "date-time") String createdAt) {}

    @Schema(name = "ApiKeyList", requiredProperties = "apiKeys")
    record KeyList(List<KeyView> apiKeys) {}

    @PostMapping
    @RequiresPermission(value = Grants.ADMIN, global = true)
    @Operation(operationId = "createApiKey", summary = "Create an API key; the key is shown only in this answer",
            description = "permissions: chatbots.statistics.get, chatbots.statistics.export, chatbots.statistics.ingest, "
                    + "admin.apikeys, or a wildcard such as chatbots.statistics.* or *. "
                    + "resources: chatbots/{chatbotId}, chatbots/* or *. Only resource * grants the admin API.")
    @ApiResponse(responseCode = "201", description = "The key, with its secret apiKey (CCSB-...) shown only here",
            content = @Content(schema = @Schema(implementation = CreatedView.class)))
    @ApiResponse(responseCode = "400", description = "Missing or invalid name, permission or resource; the message names it")
    ResponseEntity<CreatedView> create(@RequestBody(required = false) CreateRequest body) {
        if (body == null) {
            throw ApiException.badRequest("body must be a JSON object with name, permissions and resources");
        }
        ApiKeyService.Created c = keys.create(body.name(), body.permissions(), body.resources());
        KeyView v = KeyView.of(c.key());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedView(v.id(), c.secret(), v.name(), v.permissions(), v.resources(), v.createdAt()));
    }

    @GetMapping
    @RequiresPermission(value = Grants.ADMIN, global = true)
    @Operation(operationId = "listApiKeys", summary = "List the active API keys, without their secrets")
    @ApiResponse(responseCode = "200", description = "The active keys, oldest first")
    KeyList list() {
        return new KeyList(keys.list().stream().map(KeyView::of).toList());
    }

    @DeleteMapping("/{id}")
    @RequiresPermission(value = Grants.ADMIN, global = true)
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key at once")
    @ApiResponse(responseCode = "204", description = "Revoked; the key is rejected from now on")
    @ApiResponse(responseCode = "404", description = "No active key has this id")
    @ApiResponse(responseCode = "409", description = "Refusing to revoke the last key that can use the admin API")
    ResponseEntity<Void> revoke(@Parameter(description = "The id of the key, as created or listed") @PathVariable String id) {
        if (!keys.revoke(id)) {
            throw ApiException.notFound("no active API key with id '" + id + "'");
        }
        return ResponseEntity.noContent().build();
    }
}
