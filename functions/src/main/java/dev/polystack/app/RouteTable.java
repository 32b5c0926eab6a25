package dev.polystack.app;

import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.catalog.handler.AdjustStockHandler;
import dev.polystack.catalog.handler.ArchiveProductHandler;
import dev.polystack.catalog.handler.CreateProductHandler;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.catalog.handler.RestoreProductHandler;
import dev.polystack.catalog.handler.UpdateProductHandler;
import dev.polystack.health.handler.HealthHandler;
import dev.polystack.order.handler.CancelOrderHandler;
import dev.polystack.order.handler.ChangeOrderStatusHandler;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.ListOrdersHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.GrantUserRoleHandler;
import dev.polystack.session.handler.LoginHandler;
import dev.polystack.session.handler.LogoutHandler;
import dev.polystack.session.handler.RevokeUserRoleHandler;
import dev.polystack.user.handler.GetMeHandler;
import dev.polystack.user.handler.SignUpHandler;
import dev.polystack.user.handler.UpdateMeHandler;
import dev.polystack.upload.handler.CreateProductImageUploadHandler;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.upload.handler.ListUploadsHandler;
import dev.polystack.session.handler.ChangePasswordHandler;
import dev.polystack.session.handler.LogoutEverywhereHandler;
import dev.polystack.user.handler.ExportMeHandler;
import dev.polystack.upload.handler.DeleteUploadHandler;
import java.util.List;

/**
 * Every route of the HTTP API, in one place. The local gateway serves exactly these; the CDK stack
 * and {@code template.yaml} are checked against them.
 */
public final class RouteTable {
    public static final List<Route> ROUTES = List.of(
            new Route("GET", "/health", "Health", HealthHandler.class, false),
            new Route("GET", "/products", "ListProducts", ListProductsHandler.class, false),
            new Route("GET", "/products/{productId}", "GetProduct", GetProductHandler.class, false),
            new Route("POST", "/products", "CreateProduct", CreateProductHandler.class, true),
            new Route("PATCH", "/products/{productId}", "UpdateProduct", UpdateProductHandler.class, true),
            new Route("POST", "/products/{productId}/stock", "AdjustStock", AdjustStockHandler.class, true),
            new Route("POST", "/products/{productId}/archive", "ArchiveProduct", ArchiveProductHandler.class, true),
            new Route("POST", "/products/{productId}/restore", "RestoreProduct", RestoreProductHandler.class, true),
            new Route("POST", "/products/{productId}/image", "CreateProductImageUpload", CreateProductImageUploadHandler.class, true),
            new Route("POST", "/users", "SignUp", SignUpHandler.class, false),
            new Route("GET", "/users/me", "GetMe", GetMeHandler.class, true),
            new Route("PATCH", "/users/me", "UpdateMe", UpdateMeHandler.class, true),
            new Route("DELETE", "/users/me", "DeleteMe", DeleteMeHandler.class, true),
            new Route("PUT", "/users/{userId}/roles/{role}", "GrantUserRole", GrantUserRoleHandler.class, true),
            new Route("DELETE", "/users/{userId}/roles/{role}", "RevokeUserRole", RevokeUserRoleHandler.class, true),
            new Route("POST", "/sessions", "Login", LoginHandler.class, false),
            new Route("DELETE", "/sessions/current", "Logout", LogoutHandler.class, true),
            new Route("POST", "/orders", "PlaceOrder", PlaceOrderHandler.class, true),
            new Route("GET", "/orders", "ListOrders", ListOrdersHandler.class, true),
            new Route("GET", "/orders/{orderId}", "GetOrder", GetOrderHandler.class, true),
            new Route("POST", "/orders/{orderId}/cancel", "CancelOrder", CancelOrderHandler.class, true),
            new Route("POST", "/orders/{orderId}/status", "ChangeOrderStatus", ChangeOrderStatusHandler.class, true),
            new Route("POST", "/uploads", "CreateUpload", CreateUploadHandler.class, true),
            new Route("GET", "/uploads", "ListUploads", ListUploadsHandler.class, true),
            new Route("GET", "/uploads/{uploadId}", "GetUpload", GetUploadHandler.class, true),
            new Route("PUT", "/users/me/password", "ChangePassword", ChangePasswordHandler.class, true),
            new Route("DELETE", "/sessions", "LogoutEverywhere", LogoutEverywhereHandler.class, true),
            new Route("GET", "/users/me/export", "ExportMe", ExportMeHandler.class, true),
            new Route("DELETE", "/uploads/{uploadId}", "DeleteUpload", DeleteUploadHandler.class, true),
            new Route("ANY", Route.DEFAULT_PATH, "Fallback", FallbackHandler.class, false));

    /** The Lambda authorizer every route marked {@code authorized} goes through. */
    public static final Class<AuthorizerHandler> AUTHORIZER = AuthorizerHandler.class;

    private RouteTable() {
    }
}
